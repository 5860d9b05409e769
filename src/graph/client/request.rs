//! Sending one request: an HTTP exchange per attempt, each failure sorted by what it tells
//! about the request's fate, and retries as that fate and the request's effect allow. Reads are
//! retried on any temporary failure; writes only when the failure proves the request was not
//! carried out (see [`Fate`]), so nothing is ever created twice.

use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, HeaderMap};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::GraphClient;
use crate::graph::error::{
    ApiError, ErrorClass, GraphError, GraphErrorBody, TransportKind, human_duration,
};
use crate::graph::retry::{clock_after, server_wait};

/// Whether a request changes the account: decides what may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effect {
    Read,
    /// With how to find out, after an ambiguous failure, whether it happened.
    Write(&'static str),
}

/// What a failed attempt tells about the request's fate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
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

pub(super) struct Failure {
    pub(super) error: GraphError,
    pub(super) fate: Fate,
    /// What the server asked us to wait, if anything.
    pub(super) wait: Option<Duration>,
    /// A short reason for the retry log line.
    pub(super) reason: String,
}

pub(super) struct Request<'a> {
    pub(super) operation: String,
    pub(super) method: Method,
    pub(super) url: Url,
    pub(super) body: Option<&'a serde_json::Value>,
    pub(super) effect: Effect,
}

impl GraphClient {
    /// Sends a request, retrying as the policy and the request's effect allow.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        request: Request<'_>,
    ) -> Result<T, GraphError> {
        let started = Instant::now();
        // The budget is a deadline: no attempt runs past it, nor does any wait.
        let deadline = started + self.retry.total;
        let mut attempt = 1u32;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let outcome = tokio::time::timeout(left, self.attempt(&request)).await;
            let failure = match outcome {
                Ok(Ok(value)) => return Ok(value),
                Ok(Err(failure)) => failure,
                Err(_) => self.out_of_budget(&request),
            };
            match (failure.fate, request.effect) {
                (Fate::Fatal, _) => return Err(failure.error),
                (Fate::Unknown, Effect::Write(next_step)) => {
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
        let mut builder = self
            .http
            .request(request.method.clone(), request.url.clone())
            .header(AUTHORIZATION, self.token.bearer_header());
        if let Some(body) = request.body {
            builder = builder.json(body);
        }
        self.exchange(request, builder).await
    }

    /// Sends `builder` (made for `request`, its authorization set) and reads the answer:
    /// counted, its usage header recorded, its failure sorted like any other call's.
    pub(super) async fn exchange<T: DeserializeOwned>(
        &self,
        request: &Request<'_>,
        builder: reqwest::RequestBuilder,
    ) -> Result<T, Failure> {
        tracing::debug!(method = %request.method, path = request.url.path(), "request");
        self.meter.count_request();
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
        let bytes = self.read_body(request, &mut response, status).await?;
        tracing::debug!(status, bytes = bytes.len(), "response");
        if (200..300).contains(&status) {
            return serde_json::from_slice(&bytes).map_err(|e| {
                // A Graph error with a success status (seen from proxies and gateways that
                // rewrite statuses) is that error: classified, retried only if transient.
                if GraphErrorBody::parse(&bytes).is_some() {
                    return self.error_failure(request, status, &headers, &bytes);
                }
                Failure {
                    error: self.malformed(request, status, format!("{e}")),
                    fate: Fate::Unknown,
                    wait: None,
                    reason: format!("HTTP {status} with an unreadable body"),
                }
            });
        }
        Err(self.error_failure(request, status, &headers, &bytes))
    }

    /// The call's time budget ran out while an attempt waited for its answer.
    fn out_of_budget(&self, request: &Request<'_>) -> Failure {
        let detail = format!(
            "the call's time budget of {} (`http.retry.total`, or WABACTL_RETRY_TOTAL) ran out while waiting",
            human_duration(self.retry.total)
        );
        Failure {
            reason: detail.clone(),
            error: GraphError::Transport {
                operation: request.operation.clone(),
                kind: TransportKind::Timeout,
                host: self.host(),
                detail,
            },
            fate: Fate::Unknown,
            wait: None,
        }
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
            let fate = match status {
                429 => Fate::Refused,
                500..=599 => Fate::Unknown,
                _ => Fate::Fatal,
            };
            let snippet: String = String::from_utf8_lossy(bytes).chars().take(200).collect();
            let detail = if snippet.trim().is_empty() {
                "an empty body without a Graph error".to_owned()
            } else {
                format!("no Graph error in the body: {}", snippet.trim())
            };
            return Failure {
                error: self.malformed(request, status, detail),
                fate,
                wait,
                reason: format!("HTTP {status}"),
            };
        };
        let body = body.scrubbed(|text| self.token.scrub(text));
        let class = body.classify(status);
        let fate = match class {
            ErrorClass::Throttled => Fate::Refused,
            ErrorClass::Transient => Fate::Unknown,
            _ => Fate::Fatal,
        };
        let reason = format!("HTTP {status}, code {} ({class:?})", body.code);
        Failure {
            error: GraphError::Api(Box::new(ApiError {
                operation: request.operation.clone(),
                status,
                class,
                body,
                token_origin: self.token_origin.clone(),
                sandbox_state: self.sandbox_state.clone(),
            })),
            fate,
            wait,
            reason,
        }
    }

    pub(super) fn transport_failure(&self, request: &Request<'_>, err: &reqwest::Error) -> Failure {
        let (kind, fate) = if err.is_connect() {
            (TransportKind::Connect, Fate::NotSent)
        } else if err.is_timeout() {
            (TransportKind::Timeout, Fate::Unknown)
        } else if err.is_builder() || err.is_redirect() {
            (TransportKind::Dropped, Fate::Fatal)
        } else {
            (TransportKind::Dropped, Fate::Unknown)
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
            fate,
            wait: None,
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
