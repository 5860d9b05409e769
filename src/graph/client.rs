//! The Graph API client: URLs, authentication, timeouts, pagination, and which failures are
//! retried. Reads are retried on any temporary failure; writes only when the failure proves
//! the request was not carried out (see `Outcome`), so nothing is ever created twice.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, HeaderMap};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::error::{
    ApiError, ErrorClass, GraphError, GraphErrorBody, TransportKind, human_duration,
};
use super::listing::ListScope;
use super::retry::{RetryPolicy, clock_after, server_wait};
use super::token::AccessToken;
use super::usage::{Meter, Requests};
use super::wire::{
    CreatedTemplate, ListPage, RemoteTemplate, SendResponse, Success, TEMPLATE_FIELDS,
};

/// Meta's Graph API host.
pub const DEFAULT_API_BASE: &str = "https://graph.facebook.com";
/// The Graph API version used unless configured otherwise.
pub const DEFAULT_API_VERSION: &str = "v25.0";
/// Templates per list page. Meta documents no maximum; public clients send 100 to 250 with
/// `fields=components`. Fewer pages means fewer calls against the account's call budget.
pub const DEFAULT_PAGE_SIZE: u32 = 250;
/// The page size to fall back to, once, when Meta refuses a larger `limit`.
pub const FALLBACK_PAGE_SIZE: u32 = 100;
/// A bound on list pages: 6000 templates (the largest account) fit in 24 pages of 250, or in
/// 240 if Meta shrinks pages to its default of 25.
pub const DEFAULT_MAX_PAGES: u32 = 1000;

/// The largest answer read from the Graph API. The biggest real answer is a list page: 250
/// templates (Meta's page maximum) with every component at its longest come to under 2 MB, so
/// 16 MiB leaves ample room while keeping a broken or hostile server (an endless chunked body)
/// from growing the process without bound.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// How to reach the Graph API.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// Scheme and host (and an optional path prefix, for proxies), without the version.
    pub api_base: String,
    /// `v<major>.0`.
    pub api_version: String,
    pub connect_timeout: Duration,
    /// For one attempt, from sending to the end of the answer.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub page_size: u32,
    pub max_pages: u32,
    /// The largest answer read; a larger one fails without a retry.
    pub max_response_bytes: usize,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            api_base: DEFAULT_API_BASE.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            page_size: DEFAULT_PAGE_SIZE,
            max_pages: DEFAULT_MAX_PAGES,
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }
}

/// A client for one Graph API base and token. Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    /// The versioned base, e.g. `https://graph.facebook.com/v25.0`.
    base: Url,
    token: AccessToken,
    token_origin: String,
    retry: RetryPolicy,
    request_timeout: Duration,
    /// Shared by clones: a smaller size learnt from Meta holds for the rest of the run.
    page_size: Arc<AtomicU32>,
    max_pages: u32,
    meter: Arc<Meter>,
    max_response_bytes: usize,
}

/// Whether a request changes the account: decides what may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Read,
    /// With how to find out, after an ambiguous failure, whether it happened.
    Write(&'static str),
}

/// After an ambiguous template change: the account is the truth.
const REREAD_ACCOUNT: &str = "run `wabactl plan` to re-read the account before trying again";
/// After an ambiguous send: a second send could deliver twice.
const CHECK_DELIVERY: &str =
    "check whether the message arrived before sending again, or a second copy may be delivered";

/// What a failed attempt tells about the request's fate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Retrying cannot help (validation, auth, duplicates, ...).
    Fatal,
    /// The request never left: safe to retry, even a write.
    NotSent,
    /// Meta refused it before doing anything (throttling): safe to retry, even a write.
    Refused,
    /// It may or may not have been carried out (timeouts, broken connections, 5xx, transient
    /// errors, unreadable answers): a read is retried, a write is reported as ambiguous.
    Unknown,
}

struct Failure {
    error: GraphError,
    outcome: Outcome,
    /// What the server asked us to wait, if anything.
    wait: Option<Duration>,
    /// A short reason for the retry log line.
    reason: String,
}

struct Request<'a> {
    operation: String,
    method: Method,
    url: Url,
    body: Option<&'a serde_json::Value>,
    effect: Effect,
}

impl GraphClient {
    /// Checks the settings and builds the HTTP client. `token_origin` names where the token came
    /// from (for advice when Meta refuses it), never the token.
    pub fn new(
        config: &ClientConfig,
        token: AccessToken,
        token_origin: impl Into<String>,
    ) -> Result<Self, GraphError> {
        let root = check_api_base(&config.api_base)?;
        check_api_version(&config.api_version)?;
        let mut base = root.clone();
        base.path_segments_mut()
            .map_err(|()| GraphError::Config(format!("api_base `{root}` cannot hold a path")))?
            .pop_if_empty()
            .push(&config.api_version);
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("wabactl/", env!("CARGO_PKG_VERSION")))
            // The Graph API does not redirect; following one would send the token elsewhere.
            .redirect(reqwest::redirect::Policy::none());
        if is_loopback(&root) {
            // A local sandbox must not be reached through an HTTP(S)_PROXY.
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|e| GraphError::Config(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Self {
            http,
            base,
            token,
            token_origin: token_origin.into(),
            retry: config.retry.clone(),
            request_timeout: config.request_timeout,
            page_size: Arc::new(AtomicU32::new(config.page_size.max(1))),
            max_pages: config.max_pages.max(1),
            meter: Arc::default(),
            max_response_bytes: config.max_response_bytes.max(1),
        })
    }

    /// How this client spaces and bounds its retries.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The versioned base URL every request starts with.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// The calls this client and its clones have made, and the account's last reported usage.
    pub fn requests(&self) -> Requests {
        self.meter.requests()
    }

    /// Every template of the account (see [`super::listing`] for how it is read).
    pub async fn list_templates(&self, waba_id: &str) -> Result<Vec<RemoteTemplate>, GraphError> {
        super::listing::list_account(self, waba_id, &ListScope::default()).await
    }

    /// The account's templates named exactly `name` (every language and status). Meta's `name`
    /// filter may match parts of names, so the exact match is made here.
    pub async fn list_templates_named(
        &self,
        waba_id: &str,
        name: &str,
    ) -> Result<Vec<RemoteTemplate>, GraphError> {
        let mut templates = self.list_where(waba_id, Some(name)).await?;
        templates.retain(|t| t.name == name);
        Ok(templates)
    }

    async fn list_where(
        &self,
        waba_id: &str,
        name: Option<&str>,
    ) -> Result<Vec<RemoteTemplate>, GraphError> {
        let filters: Vec<(&str, &str)> = name.map(|n| ("name", n)).into_iter().collect();
        let first = self.first_page(waba_id, &filters).await?;
        self.rest_of_cursor(first).await
    }

    /// The first page of the template list with these server-side filters, with the
    /// filtered total (`summary=total_count`). When Meta refuses the page size, asks once more
    /// with [`FALLBACK_PAGE_SIZE`] and keeps that size for the rest of the run.
    pub(crate) async fn first_page(
        &self,
        waba_id: &str,
        filters: &[(&str, &str)],
    ) -> Result<ListPage<RemoteTemplate>, GraphError> {
        loop {
            let size = self.page_size.load(Ordering::Relaxed);
            let mut url = self.endpoint(&[waba_id, "message_templates"]);
            url.query_pairs_mut()
                .append_pair("fields", TEMPLATE_FIELDS)
                .append_pair("limit", &size.to_string())
                .append_pair("summary", "total_count")
                .extend_pairs(filters);
            let operation = match filters {
                [] => "list templates (page 1)".to_owned(),
                _ => format!("list templates where {} (page 1)", describe(filters)),
            };
            match self.list_page(url, operation).await {
                Err(GraphError::Api(error))
                    if error.class == ErrorClass::Invalid && size > FALLBACK_PAGE_SIZE =>
                {
                    tracing::info!(
                        size,
                        fallback = FALLBACK_PAGE_SIZE,
                        "the server refused the page size; using the smaller one from now on"
                    );
                    self.page_size.store(FALLBACK_PAGE_SIZE, Ordering::Relaxed);
                }
                answer => return answer,
            }
        }
    }

    async fn list_page(
        &self,
        url: Url,
        operation: String,
    ) -> Result<ListPage<RemoteTemplate>, GraphError> {
        self.call(Request {
            operation,
            method: Method::GET,
            url,
            body: None,
            effect: Effect::Read,
        })
        .await
    }

    /// The templates of `first` and of every page after it, following `paging.next` to the
    /// end. Each template is kept once, and a cursor that loops is an error.
    pub(crate) async fn rest_of_cursor(
        &self,
        first: ListPage<RemoteTemplate>,
    ) -> Result<Vec<RemoteTemplate>, GraphError> {
        let mut seen_urls = HashSet::new();
        let mut seen_cursors = HashSet::new();
        let mut seen_ids = HashSet::new();
        let mut templates = Vec::new();
        let mut page = first;
        for page_number in 1..=self.max_pages {
            // Cursors shift when templates are added meanwhile; never count one twice.
            for template in page.data {
                if seen_ids.insert(template.id.clone()) {
                    templates.push(template);
                } else {
                    tracing::debug!(id = %template.id, "template listed twice; kept once");
                }
            }
            let paging = page.paging.unwrap_or_default();
            let Some(next) = paging.next else {
                tracing::debug!(pages = page_number, templates = templates.len(), "listed");
                return Ok(templates);
            };
            let url = self.follow(&next)?;
            let cursor = paging
                .cursors
                .and_then(|c| c.after)
                .or_else(|| query_value(&url, "after"));
            let repeated_cursor = cursor.is_some_and(|c| !seen_cursors.insert(c));
            if repeated_cursor || !seen_urls.insert(url.to_string()) {
                return Err(GraphError::Pagination(format!(
                    "page {page_number} points back to a page already read (a cursor loop); \
                     stopped instead of reading forever. Run again; if it persists the server's \
                     paging is broken"
                )));
            }
            page = self
                .list_page(url, format!("list templates (page {})", page_number + 1))
                .await?;
        }
        Err(GraphError::Pagination(format!(
            "still more pages after {} pages of {}; stopped. Lower the number of templates or \
             check the server's paging",
            self.max_pages,
            self.page_size.load(Ordering::Relaxed)
        )))
    }

    /// One template by id.
    pub async fn get_template(&self, template_id: &str) -> Result<RemoteTemplate, GraphError> {
        let mut url = self.endpoint(&[template_id]);
        url.query_pairs_mut().append_pair("fields", TEMPLATE_FIELDS);
        self.call(Request {
            operation: format!("get template {template_id}"),
            method: Method::GET,
            url,
            body: None,
            effect: Effect::Read,
        })
        .await
    }

    /// `POST /{WABA_ID}/message_templates`. Never retried unless Meta proves it did nothing.
    pub async fn create_template(
        &self,
        waba_id: &str,
        body: &serde_json::Value,
    ) -> Result<CreatedTemplate, GraphError> {
        self.call(Request {
            operation: format!("create template {}", identity(body)),
            method: Method::POST,
            url: self.endpoint(&[waba_id, "message_templates"]),
            body: Some(body),
            effect: Effect::Write(REREAD_ACCOUNT),
        })
        .await
    }

    /// `POST /{TEMPLATE_ID}`: replaces the components (and category or TTL) given in `body`.
    pub async fn edit_template(
        &self,
        template_id: &str,
        body: &serde_json::Value,
    ) -> Result<Success, GraphError> {
        let operation = format!("edit template {template_id}");
        let answer: Success = self
            .call(Request {
                operation: operation.clone(),
                method: Method::POST,
                url: self.endpoint(&[template_id]),
                body: Some(body),
                effect: Effect::Write(REREAD_ACCOUNT),
            })
            .await?;
        self.confirmed(operation, answer)
    }

    /// `DELETE /{WABA_ID}/message_templates?name=`: removes every language of `name`.
    pub async fn delete_template_by_name(
        &self,
        waba_id: &str,
        name: &str,
    ) -> Result<Success, GraphError> {
        self.delete(
            waba_id,
            &[("name", name)],
            format!("delete template {name} (all languages)"),
        )
        .await
    }

    /// `DELETE /{WABA_ID}/message_templates?hsm_id=&name=`: removes one language.
    pub async fn delete_template_by_id(
        &self,
        waba_id: &str,
        hsm_id: &str,
        name: &str,
    ) -> Result<Success, GraphError> {
        self.delete(
            waba_id,
            &[("hsm_id", hsm_id), ("name", name)],
            format!("delete template {name} (id {hsm_id})"),
        )
        .await
    }

    /// `POST /{PHONE_NUMBER_ID}/messages` with a template message body.
    pub async fn send_template(
        &self,
        phone_number_id: &str,
        body: &serde_json::Value,
    ) -> Result<SendResponse, GraphError> {
        self.send_to(phone_number_id, "messages", body).await
    }

    /// `POST /{PHONE_NUMBER_ID}/marketing_messages` (Meta's Marketing Messages API) with a
    /// MARKETING template message body.
    pub async fn send_marketing_template(
        &self,
        phone_number_id: &str,
        body: &serde_json::Value,
    ) -> Result<SendResponse, GraphError> {
        self.send_to(phone_number_id, "marketing_messages", body)
            .await
    }

    async fn send_to(
        &self,
        phone_number_id: &str,
        edge: &str,
        body: &serde_json::Value,
    ) -> Result<SendResponse, GraphError> {
        let name = body
            .pointer("/template/name")
            .and_then(|v| v.as_str())
            .unwrap_or("?");
        self.call(Request {
            operation: format!("send template {name}"),
            method: Method::POST,
            url: self.endpoint(&[phone_number_id, edge]),
            body: Some(body),
            effect: Effect::Write(CHECK_DELIVERY),
        })
        .await
    }

    async fn delete(
        &self,
        waba_id: &str,
        query: &[(&str, &str)],
        operation: String,
    ) -> Result<Success, GraphError> {
        let mut url = self.endpoint(&[waba_id, "message_templates"]);
        url.query_pairs_mut().extend_pairs(query);
        let answer: Success = self
            .call(Request {
                operation: operation.clone(),
                method: Method::DELETE,
                url,
                body: None,
                effect: Effect::Write(REREAD_ACCOUNT),
            })
            .await?;
        self.confirmed(operation, answer)
    }

    /// `{"success": false}` is a refusal without an error body.
    fn confirmed(&self, operation: String, answer: Success) -> Result<Success, GraphError> {
        if answer.success {
            Ok(answer)
        } else {
            Err(GraphError::Malformed {
                operation,
                host: self.host(),
                status: 200,
                detail: "it answered `success: false` without saying why".into(),
            })
        }
    }

    fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("checked in new: the base holds a path")
            .extend(segments);
        url
    }

    fn host(&self) -> String {
        host_label(&self.base)
    }

    /// Checks a `paging.next` URL: it must stay on the configured host. Any `access_token` in
    /// it is dropped (the token goes in the header only, and URLs end up in logs and errors).
    fn follow(&self, next: &str) -> Result<Url, GraphError> {
        let url = Url::parse(next).map_err(|e| {
            GraphError::Pagination(format!("the server's next-page link is not a URL ({e})"))
        })?;
        let same_origin = url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default();
        if !same_origin {
            return Err(GraphError::Pagination(format!(
                "the server's next-page link leads to {} instead of {}; refusing to send the \
                 token there. Check `api_base`",
                host_label(&url),
                self.host()
            )));
        }
        // A parameter that *is* the token goes; one that merely contains it stays (a short
        // sandbox token can occur inside a base64 cursor, and dropping the cursor loops).
        let carries_token = |(k, v): &(std::borrow::Cow<str>, std::borrow::Cow<str>)| {
            k == "access_token" || self.token.is(v)
        };
        if !url.query_pairs().any(|pair| carries_token(&pair)) {
            return Ok(url);
        }
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|pair| !carries_token(pair))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut clean = url;
        clean.set_query(None);
        if !kept.is_empty() {
            clean.query_pairs_mut().extend_pairs(kept);
        }
        tracing::debug!("dropped an access token from the next-page link");
        Ok(clean)
    }

    /// Sends a request, retrying as the policy and the request's effect allow.
    async fn call<T: DeserializeOwned>(&self, request: Request<'_>) -> Result<T, GraphError> {
        let started = Instant::now();
        let mut attempt = 1u32;
        loop {
            let failure = match self.attempt(&request).await {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            match (failure.outcome, request.effect) {
                (Outcome::Fatal, _) => return Err(failure.error),
                (Outcome::Unknown, Effect::Write(next_step)) => {
                    return Err(GraphError::Ambiguous {
                        operation: request.operation,
                        cause: Box::new(failure.error),
                        next_step: next_step.to_owned(),
                    });
                }
                _ => {}
            }
            let elapsed = started.elapsed();
            let remaining = self.retry.total.saturating_sub(elapsed);
            let wait = match failure.wait {
                // Calling before Meta's estimate extends the block: wait it out or stop.
                Some(wait) if wait > remaining => {
                    return Err(too_long(failure.error, wait, elapsed, attempt));
                }
                Some(wait) => wait,
                None => self.retry.backoff(attempt - 1, fastrand::f64()),
            };
            if attempt >= self.retry.max_attempts || wait > remaining {
                return Err(if attempt == 1 {
                    failure.error
                } else {
                    GraphError::GaveUp {
                        attempts: attempt,
                        elapsed,
                        last: Box::new(failure.error),
                    }
                });
            }
            tracing::info!(
                operation = %request.operation,
                attempt,
                delay_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                reason = %failure.reason,
                "retrying in {}",
                human_duration(wait)
            );
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange, with its failure sorted by what it says about the request's fate.
    async fn attempt<T: DeserializeOwned>(&self, request: &Request<'_>) -> Result<T, Failure> {
        tracing::debug!(method = %request.method, path = request.url.path(), "request");
        self.meter.count_request();
        let mut builder = self
            .http
            .request(request.method.clone(), request.url.clone())
            .header(AUTHORIZATION, self.token.bearer_header());
        if let Some(body) = request.body {
            builder = builder.json(body);
        }
        let mut response = builder
            .send()
            .await
            .map_err(|e| self.transport_failure(request, &e))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        log_usage(&headers);
        self.meter.record_usage(
            headers
                .get("x-business-use-case-usage")
                .and_then(|v| v.to_str().ok()),
        );
        // Read with a running count: a body past the limit is never held whole.
        let limit = self.max_response_bytes;
        if response
            .content_length()
            .is_some_and(|announced| announced > limit as u64)
        {
            return Err(self.too_large(request, status));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_failure(request, &e))?
        {
            if bytes.len() + chunk.len() > limit {
                return Err(self.too_large(request, status));
            }
            bytes.extend_from_slice(&chunk);
        }
        tracing::debug!(status, bytes = bytes.len(), "response");
        if (200..300).contains(&status) {
            return serde_json::from_slice(&bytes).map_err(|e| Failure {
                error: self.malformed(request, status, format!("{e}")),
                outcome: Outcome::Unknown,
                wait: None,
                reason: format!("HTTP {status} with an unreadable body"),
            });
        }
        Err(self.error_failure(request, status, &headers, &bytes))
    }

    fn error_failure(
        &self,
        request: &Request<'_>,
        status: u16,
        headers: &HeaderMap,
        bytes: &[u8],
    ) -> Failure {
        let wait = server_wait(headers);
        let Some(body) = GraphErrorBody::parse(bytes) else {
            // No Graph error body: a proxy or a broken server. 429 still means "not done".
            let outcome = match status {
                429 => Outcome::Refused,
                500..=599 => Outcome::Unknown,
                _ => Outcome::Fatal,
            };
            let snippet: String = String::from_utf8_lossy(bytes).chars().take(200).collect();
            let detail = if snippet.trim().is_empty() {
                "an empty body without a Graph error".to_owned()
            } else {
                format!("no Graph error in the body: {}", snippet.trim())
            };
            return Failure {
                error: self.malformed(request, status, detail),
                outcome,
                wait,
                reason: format!("HTTP {status}"),
            };
        };
        let body = body.scrubbed(|text| self.token.scrub(text));
        let class = body.classify(status);
        let outcome = match class {
            ErrorClass::Throttled => Outcome::Refused,
            ErrorClass::Transient => Outcome::Unknown,
            _ => Outcome::Fatal,
        };
        let reason = format!("HTTP {status}, code {} ({class:?})", body.code);
        Failure {
            error: GraphError::Api(Box::new(ApiError {
                operation: request.operation.clone(),
                status,
                class,
                body,
                token_origin: self.token_origin.clone(),
            })),
            outcome,
            wait,
            reason,
        }
    }

    fn transport_failure(&self, request: &Request<'_>, err: &reqwest::Error) -> Failure {
        let (kind, outcome) = if err.is_connect() {
            (TransportKind::Connect, Outcome::NotSent)
        } else if err.is_timeout() {
            (TransportKind::Timeout, Outcome::Unknown)
        } else if err.is_builder() || err.is_redirect() {
            (TransportKind::Dropped, Outcome::Fatal)
        } else {
            (TransportKind::Dropped, Outcome::Unknown)
        };
        let mut detail = error_chain(err);
        if kind == TransportKind::Timeout {
            detail = format!(
                "nothing within {}: {detail}",
                human_duration(self.request_timeout)
            );
        }
        let detail = self.token.scrub(&detail);
        Failure {
            reason: detail.clone(),
            error: GraphError::Transport {
                operation: request.operation.clone(),
                kind,
                host: self.host(),
                detail,
            },
            outcome,
            wait: None,
        }
    }

    /// An answer past the size limit. Asking again would bring the same flood, so it is not
    /// retried; after a write the server did answer, so whether it acted is unknown.
    fn too_large(&self, request: &Request<'_>, status: u16) -> Failure {
        Failure {
            error: GraphError::TooLarge {
                operation: request.operation.clone(),
                host: self.host(),
                path: request.url.path().to_owned(),
                status,
                limit: self.max_response_bytes,
            },
            outcome: match request.effect {
                Effect::Read => Outcome::Fatal,
                Effect::Write(_) => Outcome::Unknown,
            },
            wait: None,
            reason: format!("HTTP {status} with an oversized body"),
        }
    }

    fn malformed(&self, request: &Request<'_>, status: u16, detail: String) -> GraphError {
        GraphError::Malformed {
            operation: request.operation.clone(),
            host: self.host(),
            status,
            detail: self.token.scrub(&detail),
        }
    }
}

/// The wait Meta asks for does not fit in the budget: say when to come back.
fn too_long(error: GraphError, wait: Duration, elapsed: Duration, attempts: u32) -> GraphError {
    match error {
        GraphError::Api(cause) => GraphError::ThrottledTooLong {
            wait,
            retry_at: clock_after(wait),
            cause,
        },
        other if attempts == 1 => other,
        other => GraphError::GaveUp {
            attempts,
            elapsed,
            last: Box::new(other),
        },
    }
}

/// What a reqwest error comes down to, without its URL.
fn error_chain(err: &reqwest::Error) -> String {
    // The innermost cause is the specific one ("Connection refused (os error 111)"); the
    // layers above it only say which library wrapped it.
    let mut innermost: Option<&dyn std::error::Error> = None;
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(err);
    while let Some(cause) = source {
        innermost = Some(cause);
        source = cause.source();
    }
    match innermost {
        Some(cause) => cause.to_string(),
        // reqwest's own text, minus the URL it would append.
        None => {
            let own = err.to_string();
            own.split(" for url (").next().unwrap_or(&own).to_owned()
        }
    }
}

/// Meta's usage header at debug level: how close the account is to its limits.
fn log_usage(headers: &HeaderMap) {
    for name in ["x-business-use-case-usage", "x-app-usage"] {
        if let Some(value) = headers.get(name).and_then(|v| v.to_str().ok()) {
            tracing::debug!(header = name, value, "usage");
        }
    }
}

/// `name (language)` from a create body, for messages.
fn identity(body: &serde_json::Value) -> String {
    let field = |key: &str| body.get(key).and_then(|v| v.as_str()).unwrap_or("?");
    format!("{} ({})", field("name"), field("language"))
}

/// `language=en_US, name=promo` for messages.
fn describe(filters: &[(&str, &str)]) -> String {
    filters
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn query_value(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

fn host_label(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => url.to_string(),
    }
}

/// Whether the URL's host is this machine: 127.0.0.0/8, ::1 or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // IPv6 hosts come bracketed; the url crate has already normalised IPv4 forms.
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Parses and checks an API base: http(s) only, plain http only to loopback, no credentials,
/// query or fragment (they would end up in logs).
pub fn check_api_base(api_base: &str) -> Result<Url, GraphError> {
    let bad = |why: &str| {
        GraphError::Config(format!(
            "api_base `{api_base}` {why}; use e.g. {DEFAULT_API_BASE} or http://127.0.0.1:8089 \
             (set in the account in wabactl.yaml or WABACTL_API_BASE)"
        ))
    };
    let url = Url::parse(api_base.trim()).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(bad(
                "uses plain http to a host other than this machine, which would send the \
                 token unencrypted; use https",
            ));
        }
        _ => return Err(bad("must start with https:// (or http:// for 127.0.0.1)")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or fragment"));
    }
    Ok(url)
}

/// `v25.0`-style versions only: the version is a path segment.
pub fn check_api_version(version: &str) -> Result<(), GraphError> {
    let valid = version
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.bytes().all(|b| b.is_ascii_digit())
        });
    if valid {
        Ok(())
    } else {
        Err(GraphError::Config(format!(
            "api_version `{version}` is not a Graph API version: use the form {DEFAULT_API_VERSION} \
             (set in the account in wabactl.yaml or WABACTL_API_VERSION)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "EAAG-unit-7f3a9c";

    fn client(base: &str) -> GraphClient {
        let config = ClientConfig {
            api_base: base.into(),
            ..ClientConfig::default()
        };
        GraphClient::new(
            &config,
            AccessToken::new(TOKEN).unwrap(),
            "WHATSAPP_ACCESS_TOKEN",
        )
        .unwrap()
    }

    #[test]
    fn urls_are_base_version_and_segments() {
        let c = client("https://graph.facebook.com");
        assert_eq!(c.base_url().as_str(), "https://graph.facebook.com/v25.0");
        assert_eq!(
            c.endpoint(&["102290129340398", "message_templates"])
                .as_str(),
            "https://graph.facebook.com/v25.0/102290129340398/message_templates"
        );
        let proxied = client("https://proxy.example/graph/");
        assert_eq!(
            proxied.endpoint(&["1"]).as_str(),
            "https://proxy.example/graph/v25.0/1"
        );
        // Ids are path segments, never path syntax.
        assert_eq!(
            c.endpoint(&["../x"]).as_str(),
            "https://graph.facebook.com/v25.0/..%2Fx"
        );
    }

    #[test]
    fn plain_http_only_to_loopback() {
        for ok in [
            "http://127.0.0.1:8089",
            "http://127.1.2.3",
            "http://[::1]:9000",
            "http://localhost:1",
            "https://graph.facebook.com",
        ] {
            assert!(check_api_base(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://graph.facebook.com",
            "http://10.0.0.1",
            "http://127.0.0.1.example.com",
            "ftp://127.0.0.1",
            "https://user:pw@graph.facebook.com",
            "https://graph.facebook.com/?x=1",
            "graph.facebook.com",
        ] {
            let err = check_api_base(bad).unwrap_err().to_string();
            assert!(err.contains("api_base"), "{bad}: {err}");
        }
        let err = check_api_base("http://example.com")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unencrypted") && err.contains("WABACTL_API_BASE"),
            "{err}"
        );
    }

    #[test]
    fn versions_must_look_like_graph_versions() {
        assert!(check_api_version("v25.0").is_ok());
        assert!(check_api_version("v9.10").is_ok());
        for bad in ["25.0", "v25", "v25.", "latest", "v25.0/x", ""] {
            assert!(check_api_version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn next_links_stay_on_the_base_host_and_lose_tokens() {
        let c = client("http://127.0.0.1:8089");
        let ok = c
            .follow("http://127.0.0.1:8089/v25.0/1/message_templates?limit=2&after=MQZDZD")
            .unwrap();
        assert_eq!(query_value(&ok, "after").as_deref(), Some("MQZDZD"));

        let with_token =
            format!("http://127.0.0.1:8089/v25.0/1/message_templates?access_token={TOKEN}&after=X");
        let clean = c.follow(&with_token).unwrap();
        assert!(!clean.as_str().contains(TOKEN), "{clean}");
        assert_eq!(query_value(&clean, "after").as_deref(), Some("X"));

        for foreign in [
            "http://127.0.0.1:9999/v25.0/1/message_templates",
            "https://127.0.0.1:8089/v25.0/1/message_templates",
            "http://evil.example/v25.0/1/message_templates",
            "not a url",
        ] {
            let err = c.follow(foreign).unwrap_err();
            assert!(matches!(err, GraphError::Pagination(_)), "{foreign}");
        }
    }

    #[test]
    fn meta_next_links_are_followed() {
        let c = client("https://graph.facebook.com");
        // As Meta sends it (corpus: sdk_java_ptbr_get_list_paging_next.json), older version.
        assert!(
            c.follow(
                "https://graph.facebook.com/v15.0/0000000000/message_templates?limit=2&after=MQZDZD"
            )
            .is_ok()
        );
    }

    #[test]
    fn create_operations_name_the_template() {
        let body = serde_json::json!({"name": "order_update", "language": "en_US"});
        assert_eq!(identity(&body), "order_update (en_US)");
        assert_eq!(identity(&serde_json::json!({})), "? (?)");
    }

    #[test]
    fn debug_of_the_client_hides_the_token() {
        let c = client("https://graph.facebook.com");
        assert!(!format!("{c:?}").contains(TOKEN));
    }
}
